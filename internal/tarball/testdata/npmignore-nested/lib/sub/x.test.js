content of npmignore-nested/lib/sub/x.test.js
