content of always-included/cli.js
