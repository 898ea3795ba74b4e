content of case-insensitive/temp/t.js
