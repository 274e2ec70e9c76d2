import { CAPTURE_MAX_EVENTS } from '../capture/capture.port.js';

/** EPCIS 2.0 REST binding headers every capture response carries (and OPTIONS /epcis/capture discovers). */
export function captureHeaders(maxBytes: number): Readonly<Record<string, string>> {
  return {
    'GS1-EPCIS-Version': '2.0.0',
    'GS1-CBV-Version': '2.0.0',
    'GS1-EPCIS-Min': '2.0.0',
    'GS1-EPCIS-Max': '2.0.0',
    // Limits the OpenAPI of the binding defines: events per call, and bytes per call.
    'GS1-EPCIS-Capture-Limit': String(CAPTURE_MAX_EVENTS),
    'GS1-EPCIS-Capture-File-Size-Limit': String(maxBytes),
  };
}
