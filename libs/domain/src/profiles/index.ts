// Industry profiles: the rules of the pharma, automotive and steel chains, chosen by a product's industry.
export * from './profile.model.js';
export { localName as profileLocalName } from './profile-values.js';
export {
  PHARMA_PROFILE,
  coldChainFindings,
  gs1DateToIso,
  storageRange,
  temperatureReadings,
  verifyPack,
  type PackRecord,
  type PackVerification,
  type PackVerificationRequest,
  type StorageRange,
  type TemperatureReading,
  type VerificationReason,
} from './pharma.profile.js';
export { AUTO_PROFILE, isNorthAmericanVin, isVehicleProduct, vinCheckCharacter, vinProblem, type VinProblem } from './auto.profile.js';
export {
  STEEL_PROFILE,
  inspectSteelCertificate,
  inspectionDocumentOf,
  type CertificateInspection,
  type CertificateValue,
} from './steel.profile.js';
export { DC04, S355J2, STEEL_GRADES, gradeLimits, type Bound, type GradeLimits } from './steel-grades.js';
export {
  certificateInspections,
  gtinsOfEvent,
  profileCaptureIssues,
  profileFindings,
  profileFor,
  type RecordedEvent,
} from './profile.registry.js';
