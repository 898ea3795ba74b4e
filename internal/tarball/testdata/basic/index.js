content of basic/index.js
