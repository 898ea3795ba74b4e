content of npmignore-nested/keep/keep.js
