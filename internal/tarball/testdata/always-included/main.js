content of always-included/main.js
