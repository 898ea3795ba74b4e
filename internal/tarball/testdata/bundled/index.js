content of bundled/index.js
