content of case-insensitive/index.js
