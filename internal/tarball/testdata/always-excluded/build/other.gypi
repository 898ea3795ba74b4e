content of always-excluded/build/other.gypi
