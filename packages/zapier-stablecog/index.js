// The entry point Zapier loads (CommonJS): the app compiled from src/ into dist/.
module.exports = require('./dist/index.js').default;
