content of gitignore-fallback/index.js
