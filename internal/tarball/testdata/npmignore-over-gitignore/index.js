content of npmignore-over-gitignore/index.js
