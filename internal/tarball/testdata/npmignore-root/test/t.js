content of npmignore-root/test/t.js
