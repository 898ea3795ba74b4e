content of gitignore-fallback/dist/x.js
