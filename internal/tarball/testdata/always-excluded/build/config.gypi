content of always-excluded/build/config.gypi
