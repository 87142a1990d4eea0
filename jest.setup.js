// Loaded before every test file: decorators metadata and quiet logs unless asked for.
require('reflect-metadata');
process.env.LOG_LEVEL ??= 'warn';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
