package registry

import "time"

var timeNowForFuzz = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
