content of npmignore-root/lib/test/keep.js
