package main

import (
	"strings"
	"testing"
)

// The comparison of the two ways fails on any value that differs, on either side.
func TestCompare(t *testing.T) {
	body := `# TYPE chitieu_cadres gauge
chitieu_cadres{full_time="false",unit="xa-1"} 2
chitieu_cadres{full_time="true",unit="xa-1"} 5
chitieu_unit_target_numerator{target="ly-luan-chinh-tri",unit="xa-1"} 3
chitieu_unit_target_numerator{target="dai-hoc",unit="xa-1"} 4
chitieu_unit_target_numerator{target="tap-hop-thanh-nien",unit="xa-1"} 600
chitieu_youth_gathered{unit="xa-1"} 600
chitieu_unit_info{name="Đoàn xã \"1\"",parent="huyen",unit="xa-1"} 1
# EOF
`
	same := map[string]float64{"cadres|xa-1": 7, "full_time|xa-1": 5, "political_theory|xa-1": 3, "education|xa-1": 4, "gathered|xa-1": 600}
	if err := compare([]byte(body), same); err != nil {
		t.Fatalf("equal values: %v", err)
	}
	for _, tt := range []struct {
		name   string
		change func(map[string]float64)
		want   string
	}{
		{"a value differs", func(m map[string]float64) { m["education|xa-1"] = 5 }, "education|xa-1: chitieu 4, SQL 5"},
		{"the SQL way has a unit chitieu lacks", func(m map[string]float64) { m["cadres|xa-2"] = 1 }, "cadres|xa-2: chitieu 0, SQL 1"},
		{"chitieu has a value the SQL way lacks", func(m map[string]float64) { delete(m, "gathered|xa-1") }, "gathered|xa-1: chitieu 600, SQL 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			theirs := map[string]float64{}
			for k, v := range same {
				theirs[k] = v
			}
			tt.change(theirs)
			err := compare([]byte(body), theirs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to name %q", err, tt.want)
			}
		})
	}
}

func TestParseSample(t *testing.T) {
	name, labels, v, err := parseSample(`chitieu_unit_info{name="Đoàn \"x\" \\ y",unit="xa-1"} 1 1700000000`)
	if err != nil || name != "chitieu_unit_info" || labels["name"] != `Đoàn "x" \ y` || labels["unit"] != "xa-1" || v != 1 {
		t.Fatalf("%q %q %v %v", name, labels, v, err)
	}
	if _, _, _, err := parseSample(`chitieu_cadres{unit="xa-1} 1`); err == nil {
		t.Fatal("an unclosed label value was read")
	}
}
