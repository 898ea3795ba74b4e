content of case-insensitive/TEMP/u.js
