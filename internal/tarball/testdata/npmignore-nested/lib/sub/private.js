content of npmignore-nested/lib/sub/private.js
