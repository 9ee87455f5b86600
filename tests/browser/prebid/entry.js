// A publisher's Prebid.js bundle (prebid.js on npm) with its TCF consent module, built by tests/browser/prebid.test.ts.
// The bidder is a minimal adapter, as every real one does: the consent module's string goes into its request as gdpr_consent.
import pbjs from 'prebid.js';
import 'prebid.js/modules/consentManagementTcf';

const endpoint = document.currentScript.dataset.bidder;
pbjs.registerBidAdapter(undefined, 'local', {
  code: 'local',
  isBidRequestValid: () => true,
  buildRequests: (bids, bidderRequest) => ({
    method: 'GET',
    url: endpoint,
    data: { gdpr: bidderRequest.gdprConsent?.gdprApplies ? 1 : 0, gdpr_consent: bidderRequest.gdprConsent?.consentString ?? '' },
  }),
  interpretResponse: () => [],
});
pbjs.processQueue();
pbjs.setConfig({ consentManagement: { gdpr: { cmpApi: 'iab', timeout: 10000 } } });
pbjs.addAdUnits([{ code: 'ad', mediaTypes: { banner: { sizes: [[300, 250]] } }, bids: [{ bidder: 'local', params: {} }] }]);
pbjs.requestBids({ bidsBackHandler: () => { window.__bidsBack = true; } });
