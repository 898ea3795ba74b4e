content of always-excluded/lib/build/config.gypi
