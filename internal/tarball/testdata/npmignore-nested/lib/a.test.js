content of npmignore-nested/lib/a.test.js
