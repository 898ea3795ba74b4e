content of npmignore-nested/lib/sub/y.test.js
