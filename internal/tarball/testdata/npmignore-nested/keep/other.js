content of npmignore-nested/keep/other.js
