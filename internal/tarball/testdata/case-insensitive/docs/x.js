content of case-insensitive/docs/x.js
