package dashboards

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// The selected instances of the chitieu job, the job name the rules' service alerts use.
const chitieuJob = `{job="chitieu", instance=~"$instance"}`

// requestRate is the rate of the HTTP requests that match the extra matchers, summed by labels.
func requestRate(by, matchers string) string {
	return fmt.Sprintf(`sum by (%s) (rate(chitieu_http_requests_total{job="chitieu", instance=~"$instance"%s}[$__rate_interval]))`, by, matchers)
}

// errorRatio is the share of the requests answered with a code that matches codes; 0, not
// nothing, while there are none of them.
func errorRatio(codes string) string {
	return fmt.Sprintf(`(sum(rate(chitieu_http_requests_total{job="chitieu", instance=~"$instance", code=~%q}[$__rate_interval])) or vector(0))`+
		` / sum(rate(chitieu_http_requests_total{job="chitieu", instance=~"$instance"}[$__rate_interval]))`, codes)
}

// latency is a quantile of the request durations, by labels.
func latency(q float64, by string) string {
	return fmt.Sprintf(`histogram_quantile(%g, sum by (%s) (rate(chitieu_http_request_duration_seconds_bucket{job="chitieu", instance=~"$instance"}[$__rate_interval])))`, q, by)
}

var upStates = []textValue{
	{"1", "Hoạt động", "green"},
	{"0", "Ngừng", "red"},
}

func service() *dashboard.DashboardBuilder {
	return newDashboard("chitieu-dich-vu", "Dịch vụ chitieu",
		"Dịch vụ chitieu đang chạy: tình trạng, yêu cầu HTTP, lỗi, độ trễ và Go runtime. Dành cho nhóm công nghệ thông tin.",
		"now-6h").
		WithVariable(labelVariable("instance", "Máy chủ", `up{job="chitieu"}`, "instance", true)).
		WithRow(dashboard.NewRowBuilder("Tình trạng")).
		WithPanel(statPanel("Trạng thái",
			"Prometheus có đọc được /metrics của dịch vụ ở lần thu thập gần nhất hay không.",
			unitNone, 4, 5,
			instantQuery("up"+chitieuJob, "{{instance}}")).
			Mappings(valueMappings(upStates)).
			ColorMode(common.BigValueColorModeBackground)).
		WithPanel(labelStat("Phiên bản", "Phiên bản của chitieu đang chạy.", 5, 5,
			`chitieu_build_info{instance=~"$instance"}`, "version").
			ColorMode(common.BigValueColorModeNone)).
		WithPanel(statPanel("Thời gian hoạt động",
			"Thời gian từ lần khởi động gần nhất của tiến trình.",
			unitSeconds, 5, 5,
			instantQuery("time() - process_start_time_seconds"+chitieuJob, "{{instance}}")).
			ColorMode(common.BigValueColorModeNone)).
		WithPanel(statPanel("Thời gian một lần thu thập",
			"Prometheus mất bao lâu để đọc /metrics. Dịch vụ giữ sẵn số liệu trong bộ nhớ, nên con số này chỉ tăng theo số chuỗi, không theo số bản ghi.",
			unitSeconds, 5, 5,
			rangeQuery("scrape_duration_seconds"+chitieuJob, "{{instance}}")).
			Thresholds(steps("green", threshold{0.5, "orange"}, threshold{2, "red"}))).
		WithPanel(statPanel("Số chuỗi số liệu",
			"Số chuỗi số liệu mỗi lần thu thập /metrics.",
			unitCount, 5, 5,
			rangeQuery("scrape_samples_scraped"+chitieuJob, "{{instance}}")).
			Thresholds(steps("text"))).
		WithRow(dashboard.NewRowBuilder("Yêu cầu HTTP")).
		WithPanel(timeSeries("Yêu cầu mỗi giây theo route",
			"Số yêu cầu HTTP mỗi giây theo route (mẫu đường dẫn của gin, không phải đường dẫn cụ thể).",
			unitReqPerS, 12, 8,
			rangeQuery(requestRate("route", ""), "{{route}}"))).
		WithPanel(timeSeries("Tỷ lệ lỗi",
			"Tỷ lệ yêu cầu bị trả lỗi: lỗi máy chủ (5xx) cần xử lý ngay; lỗi yêu cầu (4xx) thường là nhập sai hoặc chưa đăng nhập.",
			unitRatio, 12, 8,
			rangeQuery(errorRatio("5.."), "Lỗi máy chủ (5xx)"),
			rangeQuery(errorRatio("4.."), "Lỗi yêu cầu (4xx)")).
			Min(0)).
		WithPanel(timeSeries("Độ trễ",
			"Thời gian trả lời các yêu cầu HTTP: trung vị, phân vị 90 và 99.",
			unitSeconds, 12, 8,
			rangeQuery(latency(0.5, "le"), "p50"),
			rangeQuery(latency(0.9, "le"), "p90"),
			rangeQuery(latency(0.99, "le"), "p99"))).
		WithPanel(timeSeries("Độ trễ p99 theo route",
			"Phân vị 99 của thời gian trả lời theo route.",
			unitSeconds, 12, 8,
			rangeQuery(latency(0.99, "le, route"), "{{route}}"))).
		WithPanel(timeSeries("Yêu cầu mỗi giây theo mã trả lời",
			"Số yêu cầu HTTP mỗi giây theo mã trả lời.",
			unitReqPerS, 24, 8,
			rangeQuery(requestRate("code", ""), "{{code}}"))).
		WithRow(dashboard.NewRowBuilder("Go runtime")).
		WithPanel(timeSeries("Goroutine",
			"Số goroutine đang chạy; tăng mãi là dấu hiệu rò rỉ.",
			unitCount, 6, 8,
			rangeQuery("go_goroutines"+chitieuJob, "{{instance}}"))).
		WithPanel(timeSeries("Bộ nhớ",
			"Heap Go đang dùng và bộ nhớ thường trú của tiến trình.",
			unitBytes, 6, 8,
			rangeQuery("go_memstats_heap_alloc_bytes"+chitieuJob, "Heap {{instance}}"),
			rangeQuery("process_resident_memory_bytes"+chitieuJob, "Thường trú {{instance}}"))).
		WithPanel(timeSeries("CPU",
			"Thời gian CPU tiến trình dùng mỗi giây (100 % là một lõi).",
			unitRatio, 6, 8,
			rangeQuery("rate(process_cpu_seconds_total"+chitieuJob+"[$__rate_interval])", "{{instance}}"))).
		WithPanel(timeSeries("Thời gian dừng GC lâu nhất",
			"Lần dừng lâu nhất của bộ thu gom rác Go gần đây.",
			unitSeconds, 6, 8,
			// "1" from the text format under Prometheus 2, "1.0" from OpenMetrics and under Prometheus 3.
			rangeQuery(`go_gc_duration_seconds{job="chitieu", instance=~"$instance", quantile=~"1|1.0"}`, "{{instance}}")))
}
