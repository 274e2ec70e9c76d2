// fabric-contract-api logs every decorator at `info` when its module loads; in-process that is
// noise in the application's log. Imported before the contract so the level applies (an
// explicit CORE_CHAINCODE_LOGGING_LEVEL still wins).
process.env['CORE_CHAINCODE_LOGGING_LEVEL'] ??= 'WARNING';
export {};
