content of always-included/lib/l.js
