content of always-excluded/index.js
