content of basic/lib/a.js
