content of npmignore-root/index.js
