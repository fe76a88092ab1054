package demo

// The classes of "Trung cấp lý luận chính trị – hành chính" (in-service, at the provincial
// Political School and at the Youth Academy) that the office sends its cadres to under the plan.
var (
	class0  = done(pt, "trung_cap", d(2012, 6, 4), d(2013, 12, 20))
	class1  = done(pt, "trung_cap", d(2013, 3, 4), d(2014, 7, 15))
	class1b = done(pt, "trung_cap", d(2013, 9, 9), d(2014, 12, 19)).at(trungCapCourse+" (lớp cán bộ Đoàn)", youthAcademy)
	class2  = done(pt, "trung_cap", d(2014, 3, 3), d(2015, 6, 26))
	class3  = done(pt, "trung_cap", d(2014, 10, 6), d(2015, 12, 18))
)

// officeCadres are the cadres of the provincial office (cơ quan Tỉnh Đoàn), written out one by
// one so that the plan's figures come out as the story says:
//
//   - political theory (trung cấp or higher, full-time): 21 of 40 (52.5 %) on 2013-01-01,
//     climbing with each class (December 2013, July and December 2014, June and December 2015)
//     to 35 of 42 (83.3 %) by the end of 2015 — achieved;
//   - university or higher: 30 of 40 (75 %) at the start, 38 of 42 (90.5 %) at the end —
//     missed: three cadres finish their degrees only after 2015 or drop out, and a new staff
//     member of the youth centre has a college diploma;
//   - the example target (cao cấp, 2025–2028): 9 of 32 (28.1 %) on 2025-01-01, 13 of 30
//     (43.3 %) late in 2026, 17 of 30 (56.7 %) projected when the courses under way end.
//
// The positions are the last each cadre held. Those who left did so for other posts (the
// Party, the government, the district unions) or by the 2025 restructuring.
var officeCadres = []person{
	// In post on 2013-01-01.
	{unit: office, position: "Bí thư Tỉnh Đoàn", born: 1976, joined: d(2001, 9, 1), left: d(2017, 10, 2), recs: []rec{
		had(edu, "dai_hoc", 1998, 7, "Cử nhân Luật", "Trường Đại học Luật TP. Hồ Chí Minh"),
		had(pt, "trung_cap", 2006, 12),
		done(pt, "cao_cap", d(2009, 9, 7), d(2011, 6, 24)),
		done(edu, "thac_si", d(2012, 10, 8), d(2014, 11, 28)).at("Thạc sĩ Quản lý công", "Học viện Hành chính Quốc gia"),
	}},
	{unit: office, position: "Phó Bí thư Tỉnh Đoàn", female: true, born: 1978, joined: d(2003, 3, 3), left: d(2014, 4, 15), recs: []rec{
		had(edu, "dai_hoc", 2000, 7), had(pt, "trung_cap", 2007, 6),
		done(pt, "cao_cap", d(2010, 9, 6), d(2012, 5, 25)),
	}},
	{unit: office, position: "Phó Bí thư Tỉnh Đoàn, Chủ tịch Hội LHTN Việt Nam tỉnh", born: 1980, joined: d(2004, 7, 1), left: d(2021, 6, 1), recs: []rec{
		had(edu, "dai_hoc", 2002, 7), had(pt, "trung_cap", 2009, 5),
		done(pt, "cao_cap", d(2014, 3, 10), d(2016, 3, 25)),
	}},
	{unit: vanPhong, position: "Chánh Văn phòng", born: 1977, joined: d(2002, 5, 2), left: d(2023, 3, 1), recs: []rec{
		had(edu, "dai_hoc", 2000, 6), had(pt, "trung_cap", 2008, 11),
		done(pt, "cao_cap", d(2017, 10, 9), d(2019, 12, 20)),
	}},
	{unit: vanPhong, position: "Phó Chánh Văn phòng", female: true, born: 1982, joined: d(2006, 9, 1), recs: []rec{
		had(edu, "dai_hoc", 2004, 7), had(pt, "trung_cap", 2011, 6),
		done(pt, "cao_cap", d(2022, 8, 8), d(2024, 6, 21)),
	}},
	{unit: vanPhong, position: "Chuyên viên tổng hợp", born: 1985, joined: d(2008, 2, 18), recs: []rec{
		had(edu, "dai_hoc", 2007, 7), had(pt, "so_cap", 2009, 10), class1,
		going(pt, "cao_cap", d(2025, 9, 8), d(2027, 6, 25)),
	}},
	{unit: vanPhong, position: "Kế toán", female: true, born: 1984, joined: d(2007, 6, 1), left: d(2014, 9, 1), recs: []rec{
		had(edu, "dai_hoc", 2006, 7, "Cử nhân Kế toán", "Trường Đại học Kinh tế TP. Hồ Chí Minh"),
	}},
	{unit: vanPhong, position: "Văn thư – Thủ quỹ", female: true, born: 1983, joined: d(2005, 3, 1), left: d(2021, 8, 2), recs: []rec{
		had(edu, "trung_cap", 2003, 6, "Trung cấp Văn thư – Lưu trữ", communityColl),
		had(pt, "so_cap", 2010, 8), class2,
		done(edu, "dai_hoc", d(2013, 10, 7), d(2017, 5, 26)),
	}},
	{unit: vanPhong, position: "Chuyên viên", born: 1987, joined: d(2010, 3, 1), left: d(2019, 4, 1), recs: []rec{
		had(edu, "cao_dang", 2008, 7),
		done(edu, "dai_hoc", d(2011, 9, 5), d(2014, 6, 20)), class1b,
	}},
	{unit: vanPhong, position: "Chuyên viên", born: 1988, joined: d(2011, 7, 1), recs: []rec{
		had(edu, "dai_hoc", 2010, 7, "Kỹ sư Công nghệ thông tin", canTho),
		had(pt, "so_cap", 2012, 5), class2,
		planned(pt, "cao_cap", d(2027, 3, 1), d(2028, 10, 27)),
	}},
	{unit: toChuc, position: "Trưởng Ban Tổ chức – Kiểm tra", born: 1979, joined: d(2003, 8, 1), left: d(2018, 7, 2), recs: []rec{
		had(edu, "dai_hoc", 2001, 7), had(pt, "trung_cap", 2007, 12),
		done(pt, "cao_cap", d(2010, 9, 6), d(2012, 9, 21)),
		done(edu, "thac_si", d(2013, 10, 7), d(2015, 9, 25)),
	}},
	{unit: toChuc, position: "Phó Trưởng Ban Tổ chức – Kiểm tra", female: true, born: 1983, joined: d(2006, 4, 3), recs: []rec{
		had(edu, "dai_hoc", 2005, 7), had(pt, "trung_cap", 2011, 3),
		done(pt, "cao_cap", d(2020, 10, 5), d(2022, 8, 26)),
	}},
	{unit: toChuc, position: "Chuyên viên", born: 1986, joined: d(2009, 5, 4), left: d(2014, 5, 5), recs: []rec{
		had(edu, "dai_hoc", 2008, 7),
		done(pt, "trung_cap", d(2011, 1, 10), d(2012, 6, 22)),
	}},
	{unit: toChuc, position: "Chuyên viên", female: true, born: 1987, joined: d(2010, 9, 1), left: d(2020, 9, 1), recs: []rec{
		had(edu, "dai_hoc", 2009, 7), had(pt, "so_cap", 2011, 5), class0,
	}},
	{unit: toChuc, position: "Chuyên viên", born: 1988, joined: d(2011, 3, 1), recs: []rec{
		had(edu, "dai_hoc", 2010, 7), class2,
		done(pt, "cao_cap", d(2024, 7, 8), d(2026, 6, 26)),
	}},
	{unit: toChuc, position: "Chuyên viên", female: true, born: 1989, joined: d(2012, 2, 1), left: d(2022, 4, 1), recs: []rec{
		had(edu, "cao_dang", 2010, 7),
		done(edu, "dai_hoc", d(2012, 3, 5), d(2015, 1, 23)), class3,
	}},
	{unit: tuyenGiao, position: "Trưởng Ban Tuyên giáo", born: 1978, joined: d(2002, 10, 1), left: d(2015, 5, 4), recs: []rec{
		had(edu, "dai_hoc", 2000, 7), had(pt, "trung_cap", 2008, 6),
	}},
	{unit: tuyenGiao, position: "Phó Trưởng Ban Tuyên giáo", female: true, born: 1982, joined: d(2006, 7, 3), left: d(2024, 8, 1), recs: []rec{
		had(edu, "dai_hoc", 2004, 7), had(pt, "trung_cap", 2010, 6),
		done(pt, "cao_cap", d(2018, 10, 8), d(2020, 11, 27)),
	}},
	{unit: tuyenGiao, position: "Chuyên viên", born: 1985, joined: d(2008, 9, 3), recs: []rec{
		had(edu, "dai_hoc", 2007, 7, "Cử nhân Báo chí", "Học viện Báo chí và Tuyên truyền"),
		done(pt, "trung_cap", d(2011, 5, 9), d(2012, 11, 23)),
		done(pt, "cao_cap", d(2023, 10, 9), d(2025, 10, 24)),
	}},
	{unit: tuyenGiao, position: "Chuyên viên", female: true, born: 1988, joined: d(2011, 4, 1), left: d(2018, 3, 1), recs: []rec{
		had(edu, "dai_hoc", 2010, 7), class1,
	}},
	{unit: tuyenGiao, position: "Chuyên viên", born: 1987, joined: d(2010, 6, 1), left: d(2021, 1, 4), recs: []rec{
		had(edu, "dai_hoc", 2009, 7), had(pt, "so_cap", 2010, 11),
		done(pt, "trung_cap", d(2011, 1, 10), d(2012, 6, 22)),
	}},
	{unit: tuyenGiao, position: "Chuyên viên", female: true, born: 1989, joined: d(2012, 5, 2), recs: []rec{
		had(edu, "cao_dang", 2011, 7),
		done(edu, "dai_hoc", d(2011, 10, 3), d(2013, 10, 25)), class2,
		going(pt, "cao_cap", d(2026, 1, 12), d(2027, 12, 24)),
	}},
	{unit: phongTrao, position: "Trưởng Ban Phong trào", born: 1980, joined: d(2004, 3, 1), left: d(2021, 11, 1), recs: []rec{
		had(edu, "dai_hoc", 2002, 7), had(pt, "trung_cap", 2010, 5),
		done(pt, "cao_cap", d(2016, 9, 5), d(2018, 6, 22)),
	}},
	{unit: phongTrao, position: "Phó Trưởng Ban Phong trào", born: 1983, joined: d(2007, 1, 2), left: d(2019, 10, 1), recs: []rec{
		had(edu, "dai_hoc", 2005, 7),
		done(pt, "trung_cap", d(2010, 9, 6), d(2012, 3, 23)),
	}},
	{unit: phongTrao, position: "Phó Trưởng Ban Phong trào", female: true, born: 1985, joined: d(2008, 8, 1), recs: []rec{
		had(edu, "dai_hoc", 2007, 7), had(pt, "so_cap", 2010, 4), class0,
		done(pt, "cao_cap", d(2021, 12, 6), d(2023, 12, 22)),
	}},
	{unit: phongTrao, position: "Chuyên viên", born: 1986, joined: d(2009, 10, 1), left: d(2013, 9, 2), recs: []rec{
		had(edu, "dai_hoc", 2008, 7),
		done(pt, "trung_cap", d(2011, 3, 7), d(2012, 8, 24)),
	}},
	{unit: phongTrao, position: "Chuyên viên", born: 1988, joined: d(2011, 1, 4), left: d(2017, 6, 1), recs: []rec{
		had(edu, "dai_hoc", 2010, 7), class1b,
	}},
	{unit: phongTrao, position: "Chuyên viên", female: true, born: 1988, joined: d(2011, 8, 1), recs: []rec{
		had(edu, "cao_dang", 2009, 7),
		done(edu, "dai_hoc", d(2012, 9, 3), d(2015, 7, 24)),
		had(pt, "so_cap", 2012, 4), class3,
		planned(pt, "cao_cap", d(2027, 6, 7), d(2029, 3, 30)),
	}},
	{unit: phongTrao, position: "Chuyên viên", born: 1990, joined: d(2012, 6, 1), left: d(2020, 12, 1), recs: []rec{
		had(edu, "trung_cap", 2010, 7, "Trung cấp Tin học", communityColl),
		dropped(edu, "dai_hoc", d(2013, 9, 9), d(2017, 6, 30)),
		done(pt, "trung_cap", d(2015, 1, 5), d(2016, 6, 24)),
		done(edu, "dai_hoc", d(2016, 10, 3), d(2019, 12, 20)),
	}},
	{unit: truongHoc, position: "Phó Trưởng Ban Thanh thiếu nhi Trường học (phụ trách Ban)", female: true, born: 1982, joined: d(2006, 10, 2), left: d(2019, 8, 1), recs: []rec{
		had(edu, "dai_hoc", 2004, 7, "Cử nhân Sư phạm Ngữ văn", canTho), had(pt, "trung_cap", 2011, 6),
	}},
	{unit: truongHoc, position: "Chuyên viên", born: 1986, joined: d(2009, 9, 1), left: d(2018, 12, 3), recs: []rec{
		had(edu, "dai_hoc", 2008, 7), had(pt, "so_cap", 2010, 6),
		done(pt, "trung_cap", d(2011, 3, 7), d(2012, 9, 21)),
	}},
	{unit: truongHoc, position: "Chuyên viên", female: true, born: 1987, joined: d(2010, 8, 2), recs: []rec{
		had(edu, "dai_hoc", 2009, 7),
		dropped(pt, "trung_cap", d(2014, 3, 3), d(2015, 6, 26)),
		done(pt, "trung_cap", d(2016, 9, 5), d(2017, 6, 23)),
	}},
	{unit: truongHoc, position: "Chuyên viên", female: true, born: 1988, joined: d(2011, 9, 5), left: d(2020, 6, 1), recs: []rec{
		had(edu, "cao_dang", 2009, 7, "Cao đẳng Sư phạm Tiểu học", teachersCollege),
		done(edu, "dai_hoc", d(2012, 10, 1), d(2014, 11, 21)), class2,
	}},
	{unit: thieuNhi, position: "Trưởng Ban Công tác Thiếu nhi", female: true, born: 1979, joined: d(2003, 9, 2), left: d(2020, 3, 2), recs: []rec{
		had(edu, "dai_hoc", 2001, 7), had(pt, "trung_cap", 2009, 6),
		done(pt, "cao_cap", d(2014, 9, 8), d(2016, 9, 23)),
	}},
	{unit: thieuNhi, position: "Phó Trưởng Ban Công tác Thiếu nhi", born: 1984, joined: d(2008, 3, 3), left: d(2022, 6, 1), recs: []rec{
		had(edu, "dai_hoc", 2006, 7),
		done(pt, "trung_cap", d(2011, 5, 9), d(2012, 10, 26)),
	}},
	{unit: thieuNhi, position: "Chuyên viên", female: true, born: 1987, joined: d(2010, 4, 1), left: d(2025, 6, 30), recs: []rec{
		had(edu, "dai_hoc", 2009, 7),
		done(pt, "trung_cap", d(2010, 9, 6), d(2012, 4, 20)),
	}},
	{unit: thieuNhi, position: "Chuyên viên", female: true, born: 1989, joined: d(2011, 10, 3), left: d(2023, 10, 2), recs: []rec{
		had(edu, "cao_dang", 2010, 7, "Cao đẳng Sư phạm Tiểu học", teachersCollege),
		done(edu, "dai_hoc", d(2014, 9, 8), d(2017, 6, 30)), class3,
	}},
	{unit: thieuNhi, position: "Chuyên viên", female: true, born: 1988, joined: d(2011, 5, 3), left: d(2015, 3, 2), recs: []rec{
		had(edu, "cao_dang", 2010, 7, "Cao đẳng Sư phạm Ngữ văn", teachersCollege),
	}},
	{unit: trungTam, position: "Giám đốc Trung tâm", born: 1978, joined: d(2005, 5, 3), left: d(2019, 3, 1), recs: []rec{
		had(edu, "dai_hoc", 2002, 7), had(pt, "trung_cap", 2010, 6),
	}},
	{unit: trungTam, position: "Phó Giám đốc Trung tâm", born: 1982, joined: d(2008, 11, 3), recs: []rec{
		had(edu, "cao_dang", 2004, 7, "Cao đẳng Sư phạm Âm nhạc", teachersCollege),
		had(pt, "so_cap", 2010, 5), class0,
		done(edu, "dai_hoc", d(2012, 10, 1), d(2015, 10, 23)),
	}},

	// Joined during the plan: leaders filling vacant posts, and the first cadres recruited by
	// examination (from 2014).
	{unit: office, position: "Phó Bí thư Tỉnh Đoàn", born: 1981, joined: d(2014, 5, 19), left: d(2019, 12, 2), recs: []rec{
		had(edu, "dai_hoc", 2003, 7),
		done(pt, "trung_cap", d(2009, 9, 7), d(2011, 3, 25)),
		done(pt, "cao_cap", d(2015, 9, 7), d(2017, 6, 23)),
	}},
	{unit: truongHoc, position: "Trưởng Ban Thanh thiếu nhi Trường học", female: true, born: 1983, joined: d(2014, 3, 3), left: d(2021, 2, 1), recs: []rec{
		had(edu, "dai_hoc", 2005, 7, "Cử nhân Sư phạm Lịch sử", "Trường Đại học Sư phạm TP. Hồ Chí Minh"),
		done(pt, "trung_cap", d(2011, 3, 7), d(2012, 9, 21)),
	}},
	{unit: tuyenGiao, position: "Trưởng Ban Tuyên giáo", born: 1982, joined: d(2015, 6, 1), left: d(2024, 3, 1), recs: []rec{
		had(edu, "dai_hoc", 2004, 7),
		done(pt, "trung_cap", d(2012, 3, 5), d(2013, 5, 24)),
		done(pt, "cao_cap", d(2017, 9, 4), d(2019, 6, 21)),
	}},
	// Taken on in 2014 on a contract without the recruitment exam the plan requires.
	{unit: toChuc, position: "Chuyên viên", born: 1990, joined: d(2014, 8, 1), hiring: &contracted, recs: []rec{
		had(edu, "dai_hoc", 2012, 7),
		done(pt, "so_cap", d(2015, 3, 2), d(2015, 5, 29)),
		done(pt, "trung_cap", d(2016, 3, 7), d(2017, 9, 22)),
	}},
	{unit: vanPhong, position: "Kế toán", female: true, born: 1989, joined: d(2014, 10, 1), left: d(2025, 7, 1), recs: []rec{
		had(edu, "dai_hoc", 2011, 7, "Cử nhân Kế toán", canTho),
		done(pt, "so_cap", d(2016, 4, 4), d(2016, 6, 24)),
	}},
	// How this one was recruited was never recorded.
	{unit: trungTam, position: "Nhân viên", born: 1991, joined: d(2015, 1, 5), hiring: &notRecorded, recs: []rec{
		had(edu, "cao_dang", 2012, 7, "Cao đẳng Sư phạm Âm nhạc", teachersCollege),
		done(pt, "so_cap", d(2018, 4, 2), d(2018, 6, 29)),
	}},
	{unit: trungTam, position: "Chuyên viên", female: true, born: 1991, joined: d(2015, 3, 2), recs: []rec{
		had(edu, "dai_hoc", 2013, 7),
		done(pt, "trung_cap", d(2017, 3, 6), d(2018, 6, 22)),
	}},
	{unit: trungTam, position: "Chuyên viên", born: 1990, joined: d(2015, 8, 3), left: d(2019, 6, 3), recs: []rec{
		had(edu, "dai_hoc", 2012, 7),
	}},

	// Joined after the plan.
	{unit: office, position: "Bí thư Tỉnh Đoàn", born: 1981, joined: d(2017, 11, 1), left: d(2020, 10, 1), recs: []rec{
		had(edu, "dai_hoc", 2003, 7), had(edu, "thac_si", 2012, 12),
		had(pt, "trung_cap", 2009, 6), had(pt, "cao_cap", 2014, 6),
	}},
	{unit: office, position: "Bí thư Tỉnh Đoàn", born: 1984, joined: d(2020, 10, 15), recs: []rec{
		had(edu, "dai_hoc", 2006, 7), had(edu, "thac_si", 2016, 6),
		had(pt, "trung_cap", 2012, 6), had(pt, "cao_cap", 2019, 6),
	}},
	{unit: office, position: "Phó Bí thư Tỉnh Đoàn", female: true, born: 1986, joined: d(2018, 1, 2), recs: []rec{
		had(edu, "dai_hoc", 2008, 7), had(pt, "trung_cap", 2013, 6),
		done(pt, "cao_cap", d(2019, 4, 1), d(2021, 4, 23)),
	}},
	{unit: office, position: "Phó Bí thư Tỉnh Đoàn, Chủ tịch Hội LHTN Việt Nam tỉnh", born: 1988, joined: d(2021, 8, 2), recs: []rec{
		had(edu, "dai_hoc", 2010, 7), had(edu, "thac_si", 2019, 6), had(pt, "trung_cap", 2016, 6),
		done(pt, "cao_cap", d(2024, 4, 8), d(2026, 3, 27)),
	}},
	{unit: vanPhong, position: "Chánh Văn phòng", born: 1987, joined: d(2023, 4, 3), recs: []rec{
		had(edu, "dai_hoc", 2009, 7), had(pt, "trung_cap", 2014, 6), had(pt, "cao_cap", 2022, 6),
	}},
	{unit: toChuc, position: "Trưởng Ban Tổ chức – Kiểm tra", female: true, born: 1985, joined: d(2018, 9, 4), recs: []rec{
		had(edu, "dai_hoc", 2007, 7), had(edu, "thac_si", 2017, 6), had(pt, "cu_nhan", 2015, 7),
	}},
	{unit: tuyenGiao, position: "Trưởng Ban Tuyên giáo", born: 1989, joined: d(2024, 4, 1), recs: []rec{
		had(edu, "dai_hoc", 2011, 7), had(pt, "trung_cap", 2015, 6), had(pt, "cao_cap", 2023, 6),
	}},
	{unit: phongTrao, position: "Trưởng Ban Phong trào", born: 1986, joined: d(2021, 12, 1), recs: []rec{
		had(edu, "dai_hoc", 2008, 7), had(pt, "trung_cap", 2014, 6),
		done(pt, "cao_cap", d(2022, 6, 6), d(2024, 5, 24)),
	}},
	{unit: thieuNhi, position: "Trưởng Ban Công tác Thiếu nhi", female: true, born: 1988, joined: d(2020, 5, 4), recs: []rec{
		had(edu, "dai_hoc", 2010, 7), had(pt, "trung_cap", 2017, 6),
		going(pt, "cao_cap", d(2025, 4, 7), d(2027, 4, 23)),
	}},
	{unit: trungTam, position: "Giám đốc Trung tâm", born: 1984, joined: d(2019, 5, 2), recs: []rec{
		had(edu, "dai_hoc", 2007, 7), had(pt, "trung_cap", 2015, 6),
	}},
	{unit: truongHoc, position: "Trưởng Ban Thanh thiếu nhi Trường học", female: true, born: 1987, joined: d(2021, 3, 1), recs: []rec{
		had(edu, "dai_hoc", 2009, 7), had(edu, "thac_si", 2020, 6), had(pt, "trung_cap", 2016, 6),
		done(pt, "cao_cap", d(2024, 1, 8), d(2025, 12, 19)),
	}},
	{unit: toChuc, position: "Chuyên viên", born: 1995, joined: d(2019, 9, 3), recs: []rec{
		had(edu, "dai_hoc", 2017, 7),
		done(pt, "trung_cap", d(2022, 3, 7), d(2023, 6, 23)),
		going(edu, "thac_si", d(2025, 10, 6), d(2027, 9, 24)),
	}},
	{unit: tuyenGiao, position: "Chuyên viên", female: true, born: 1996, joined: d(2020, 8, 3), recs: []rec{
		had(edu, "dai_hoc", 2018, 7),
		done(pt, "so_cap", d(2021, 4, 5), d(2021, 6, 25)),
		going(pt, "trung_cap", d(2025, 3, 3), d(2027, 3, 26)),
	}},
	{unit: phongTrao, position: "Chuyên viên", born: 1997, joined: d(2022, 7, 1), recs: []rec{
		had(edu, "dai_hoc", 2019, 7),
		done(pt, "so_cap", d(2023, 4, 3), d(2023, 6, 23)),
		planned(pt, "trung_cap", d(2027, 3, 1), d(2028, 6, 30)),
	}},
	{unit: vanPhong, position: "Chuyên viên", female: true, born: 1998, joined: d(2023, 9, 5), recs: []rec{
		had(edu, "dai_hoc", 2020, 7),
		planned(edu, "thac_si", d(2027, 9, 6), d(2029, 9, 28)).at("Thạc sĩ Quản lý công", "Học viện Hành chính Quốc gia"),
	}},
	{unit: thieuNhi, position: "Chuyên viên", female: true, born: 1996, joined: d(2018, 10, 1), recs: []rec{
		had(edu, "cao_dang", 2016, 7, "Cao đẳng Sư phạm Tiểu học", teachersCollege),
		done(edu, "dai_hoc", d(2019, 9, 9), d(2022, 6, 24)),
		done(pt, "trung_cap", d(2023, 3, 6), d(2024, 12, 20)),
	}},
	{unit: trungTam, position: "Nhân viên", born: 1994, joined: d(2017, 3, 1), hiring: &contracted, recs: []rec{
		had(edu, "cao_dang", 2015, 7, "Cao đẳng Sư phạm Âm nhạc", teachersCollege),
		done(pt, "so_cap", d(2019, 4, 1), d(2019, 6, 28)),
		going(edu, "dai_hoc", d(2024, 10, 7), d(2028, 6, 30)),
	}},
	{unit: tuyenGiao, position: "Chuyên viên", female: true, born: 1992, joined: d(2016, 9, 5), left: d(2022, 2, 7), recs: []rec{
		had(edu, "dai_hoc", 2014, 7),
		done(pt, "trung_cap", d(2018, 3, 5), d(2019, 6, 21)),
	}},
	{unit: toChuc, position: "Chuyên viên", born: 1993, joined: d(2017, 8, 1), left: d(2023, 5, 2), recs: []rec{
		had(edu, "dai_hoc", 2015, 7),
		done(pt, "trung_cap", d(2019, 3, 4), d(2020, 6, 26)),
	}},

	// Contract staff of the office (not chuyên trách): outside the targets' population.
	{unit: vanPhong, position: "Lái xe", partTime: true, born: 1975, joined: d(2006, 3, 1)},
	{unit: vanPhong, position: "Lái xe", partTime: true, born: 1980, joined: d(2012, 4, 2), left: d(2019, 5, 2)},
	{unit: vanPhong, position: "Nhân viên bảo vệ", partTime: true, born: 1970, joined: d(2009, 7, 1), left: d(2022, 1, 3)},
	{unit: trungTam, position: "Nhân viên hợp đồng", partTime: true, female: true, born: 1990, joined: d(2015, 4, 1), recs: []rec{
		had(edu, "trung_cap", 2010, 7, "Trung cấp Kế toán", communityColl),
	}},
}
