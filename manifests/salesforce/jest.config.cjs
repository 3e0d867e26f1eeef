// CommonJS because the repository is "type": "module" and Jest loads its config with require().
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = { ...jestConfig };
