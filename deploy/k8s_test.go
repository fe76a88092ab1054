package deploy

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// TestKubernetesManifests lints deploy/k8s without a cluster: each document decodes strictly
// (a field unknown to its kind, or a duplicate key, fails) into the Go types of Kubernetes
// (k8s.io/api) and of the Prometheus Operator (monitoring/v1), the types the API servers
// themselves decode into. kubeconform would check the same against JSON schemas, but fetches
// them from GitHub, which this machine cannot reach. It then checks what ties the manifests
// together: one replica of chitieu on its volume, probes on the endpoints chitieu serves, the
// metrics token from the Secret for chitieu and its scrapes, the Service and ServiceMonitor
// finding the pods by label and port name, and the province as the Prometheus external label.
func TestKubernetesManifests(t *testing.T) {
	var (
		sets     []appsv1.StatefulSet
		services []corev1.Service
		secrets  = map[string]corev1.Secret{}
		monitors []monitoringv1.ServiceMonitor
		proms    []monitoringv1.Prometheus
	)
	for _, file := range globRepo(t, "deploy/k8s/*.yaml") {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range bytes.Split(b, []byte("\n---\n")) {
			where := filepath.Base(file)
			var meta metav1.TypeMeta
			if err := yaml.Unmarshal(doc, &meta); err != nil {
				t.Fatalf("%s, document %d: %v", where, i, err)
			}
			switch meta.APIVersion + " " + meta.Kind {
			case "apps/v1 StatefulSet":
				sets = append(sets, decodeStrict[appsv1.StatefulSet](t, where, doc))
			case "v1 Service":
				services = append(services, decodeStrict[corev1.Service](t, where, doc))
			case "v1 Secret":
				v := decodeStrict[corev1.Secret](t, where, doc)
				secrets[v.Name] = v
			case "monitoring.coreos.com/v1 ServiceMonitor":
				monitors = append(monitors, decodeStrict[monitoringv1.ServiceMonitor](t, where, doc))
			case "monitoring.coreos.com/v1 Prometheus":
				proms = append(proms, decodeStrict[monitoringv1.Prometheus](t, where, doc))
			default:
				t.Errorf("%s: a %s %s, which this test does not know", where, meta.APIVersion, meta.Kind)
			}
		}
	}
	if len(sets) != 1 || len(services) != 1 || len(monitors) != 1 || len(proms) != 1 || len(secrets) != 1 {
		t.Fatalf("want one StatefulSet, Service, ServiceMonitor, Prometheus and Secret; got %d, %d, %d, %d, %d",
			len(sets), len(services), len(monitors), len(proms), len(secrets))
	}
	set, svc, mon, prom := sets[0], services[0], monitors[0], proms[0]
	secretKey := func(where string, ref *corev1.SecretKeySelector) {
		if ref == nil {
			t.Errorf("%s: no secret", where)
			return
		}
		if s, ok := secrets[ref.Name]; !ok || s.StringData[ref.Key] == "" && len(s.Data[ref.Key]) == 0 {
			t.Errorf("%s: secret %s has no key %s", where, ref.Name, ref.Key)
		}
	}

	// SQLite has one writer: one replica, on its own volume, at the database's folder.
	if set.Spec.Replicas == nil || *set.Spec.Replicas != 1 {
		t.Errorf("StatefulSet replicas %v, want 1", set.Spec.Replicas)
	}
	pod := set.Spec.Template
	if !matches(set.Spec.Selector.MatchLabels, pod.Labels) || !matches(svc.Spec.Selector, pod.Labels) || !matches(mon.Spec.Selector.MatchLabels, svc.Labels) {
		t.Errorf("selectors do not find the pods and the Service: %v %v %v, pod %v, service %v",
			set.Spec.Selector.MatchLabels, svc.Spec.Selector, mon.Spec.Selector.MatchLabels, pod.Labels, svc.Labels)
	}
	if set.Spec.ServiceName != svc.Name {
		t.Errorf("StatefulSet serviceName %q, Service %q", set.Spec.ServiceName, svc.Name)
	}
	if len(pod.Spec.Containers) != 1 {
		t.Fatalf("%d containers", len(pod.Spec.Containers))
	}
	c := pod.Spec.Containers[0]
	if len(set.Spec.VolumeClaimTemplates) != 1 || !slices.ContainsFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool {
		return m.Name == set.Spec.VolumeClaimTemplates[0].Name && m.MountPath == "/data"
	}) || !slices.Contains(c.Args, "/data/chitieu.db") {
		t.Errorf("the database is not on the claimed volume: args %v, mounts %v", c.Args, c.VolumeMounts)
	}
	for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe, "startup": c.StartupProbe} {
		want := map[string]string{"liveness": "/healthz", "readiness": "/readyz", "startup": "/healthz"}[name]
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != want || p.HTTPGet.Port.StrVal != "http" {
			t.Errorf("%s probe %+v, want GET %s on port http", name, p, want)
		}
	}
	if !slices.ContainsFunc(c.Ports, func(p corev1.ContainerPort) bool { return p.Name == "http" && p.ContainerPort == 8080 }) ||
		!slices.ContainsFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool { return p.Name == "http" }) {
		t.Errorf("no port http: container %v, service %v", c.Ports, svc.Spec.Ports)
	}
	env := map[string]corev1.EnvVar{}
	for _, e := range c.Env {
		env[e.Name] = e
	}
	if e := env["CHITIEU_METRICS_TOKEN"]; e.ValueFrom == nil {
		t.Error("CHITIEU_METRICS_TOKEN is not from a Secret")
	} else {
		secretKey("CHITIEU_METRICS_TOKEN", e.ValueFrom.SecretKeyRef)
	}
	province := env["CHITIEU_PROVINCE"].Value
	if province == "" {
		t.Error("no CHITIEU_PROVINCE")
	}

	// The scrape: chitieu's job, with the token, the province as target label, honor_labels.
	if len(mon.Spec.Endpoints) != 1 {
		t.Fatalf("ServiceMonitor endpoints %d", len(mon.Spec.Endpoints))
	}
	ep := mon.Spec.Endpoints[0]
	if ep.Port != "http" || !ep.HonorLabels || ep.Authorization == nil {
		t.Errorf("ServiceMonitor endpoint %+v: want port http, honorLabels and the token", ep)
	} else {
		secretKey("ServiceMonitor", ep.Authorization.Credentials)
	}
	if !slices.ContainsFunc(ep.RelabelConfigs, func(r monitoringv1.RelabelConfig) bool {
		return r.TargetLabel == "province" && r.Replacement != nil && *r.Replacement == province
	}) {
		t.Errorf("ServiceMonitor does not label the target with province %q", province)
	}
	// The rules look for job="chitieu": the operator names the job after the Service.
	if svc.Name != "chitieu" || mon.Spec.JobLabel != "" {
		t.Errorf("the scrape's job would not be chitieu: Service %q, jobLabel %q", svc.Name, mon.Spec.JobLabel)
	}

	// The province's Prometheus: the province as external label for the sidecar, the history.
	if prom.Spec.ExternalLabels["province"] != province {
		t.Errorf("Prometheus external label province %q, chitieu's %q", prom.Spec.ExternalLabels["province"], province)
	}
	if prom.Spec.Thanos == nil {
		t.Error("Prometheus without Thanos's sidecar")
	}
	if len(prom.Spec.RemoteRead) != 1 || !prom.Spec.RemoteRead[0].ReadRecent ||
		prom.Spec.RemoteRead[0].FilterExternalLabels == nil || *prom.Spec.RemoteRead[0].FilterExternalLabels {
		t.Errorf("Prometheus remote read %+v: want chitieu's history, readRecent, filterExternalLabels false", prom.Spec.RemoteRead)
	} else if a := prom.Spec.RemoteRead[0].Authorization; a == nil {
		t.Error("Prometheus remote read without the token")
	} else {
		secretKey("Prometheus remote read", a.Credentials)
	}
}

// decodeStrict decodes a manifest into T, refusing a field T does not have and a repeated key.
func decodeStrict[T any](t *testing.T, where string, doc []byte) T {
	t.Helper()
	var v T
	if err := yaml.UnmarshalStrict(doc, &v); err != nil {
		t.Errorf("%s: %T: %v", where, v, err)
	}
	return v
}

// matches reports whether every label of selector is in labels.
func matches(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}
