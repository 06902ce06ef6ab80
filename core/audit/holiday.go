package audit

import "time"

// Japan's national holidays (国民の祝日), for the unusual-activity rule
// on work outside office days. The rules are those of the 祝日法 as
// amended for 2016 on (山の日), with the one-off moves of 2019–2021;
// the equinoxes use the usual approximation, valid to 2099. Outside
// 2016–2099 only weekends count.

// holiday reports whether y-m-d is a national holiday, a substitute
// holiday (振替休日) or a citizens' holiday (国民の休日).
func holiday(y int, m time.Month, d int) bool {
	if y < 2016 || y > 2099 {
		return false
	}
	date := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if named(date) {
		return true
	}
	// 振替休日: the first day after a holiday falling on a Sunday that is
	// not itself a holiday.
	for k := 1; ; k++ {
		prev := date.AddDate(0, 0, -k)
		if !named(prev) {
			break
		}
		if prev.Weekday() == time.Sunday {
			return true
		}
	}
	// 国民の休日: a day between two holidays.
	return named(date.AddDate(0, 0, -1)) && named(date.AddDate(0, 0, 1))
}

// named reports whether date is one of the holidays the law names.
func named(date time.Time) bool {
	y, m, d := date.Date()
	// nthMonday reports whether d is the n-th Monday of its month.
	nthMonday := func(n int) bool { return date.Weekday() == time.Monday && (d-1)/7 == n-1 }
	switch y {
	case 2019:
		if m == time.May && d == 1 || m == time.October && d == 22 { // 即位の日, 即位礼正殿の儀
			return true
		}
	case 2020:
		switch {
		case m == time.July && (d == 23 || d == 24), m == time.August && d == 10:
			return true
		case m == time.July && nthMonday(3), m == time.August && d == 11, m == time.October && nthMonday(2):
			return false
		}
	case 2021:
		switch {
		case m == time.July && (d == 22 || d == 23), m == time.August && d == 8:
			return true
		case m == time.July && nthMonday(3), m == time.August && d == 11, m == time.October && nthMonday(2):
			return false
		}
	}
	switch m {
	case time.January:
		return d == 1 || nthMonday(2) // 元日, 成人の日
	case time.February:
		return d == 11 || d == 23 && y >= 2020 // 建国記念の日, 天皇誕生日
	case time.March:
		return d == equinox(y, 20.8431) // 春分の日
	case time.April:
		return d == 29 // 昭和の日
	case time.May:
		return d >= 3 && d <= 5 // 憲法記念日, みどりの日, こどもの日
	case time.July:
		return nthMonday(3) // 海の日
	case time.August:
		return d == 11 // 山の日
	case time.September:
		return nthMonday(3) || d == equinox(y, 23.2488) // 敬老の日, 秋分の日
	case time.October:
		return nthMonday(2) // スポーツの日
	case time.November:
		return d == 3 || d == 23 // 文化の日, 勤労感謝の日
	case time.December:
		return d == 23 && y <= 2018 // 天皇誕生日 until 2018
	}
	return false
}

// equinox is the day of March (base 20.8431) or September (23.2488) the
// equinox falls on in Japan, 1980–2099.
func equinox(y int, base float64) int {
	return int(base + 0.242194*float64(y-1980) - float64((y-1980)/4))
}
