content of always-included/browser.js
