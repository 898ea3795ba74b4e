content of always-included/other.js
