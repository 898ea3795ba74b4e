content of case-insensitive/Docs2/y.js
