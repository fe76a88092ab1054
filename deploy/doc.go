// Package deploy holds the monitoring stack's configuration — Prometheus rules and their unit
// tests, Alertmanager, Grafana provisioning, the runbook — and the tests that check it with the
// real tools: promtool, amtool, Prometheus and Alertmanager servers, and the chitieu binary.
// It has no code of its own.
package deploy
