content of npmignore-nested/keep/drop.js
