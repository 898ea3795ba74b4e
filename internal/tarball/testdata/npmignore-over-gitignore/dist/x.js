content of npmignore-over-gitignore/dist/x.js
