content of npmignore-nested/lib/a.js
