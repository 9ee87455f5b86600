// A publisher's Prebid.js bundle (prebid.js on npm) with its GPP consent module, built by tests/browser/gpp-prebid.test.ts.
// The bidder is a minimal adapter, as real ones do: the module's GPP string and applicable sections go into its
// request as gpp and gpp_sid (as in OpenRTB's regs.gpp / regs.gpp_sid, which the module also fills).
import pbjs from 'prebid.js';
import 'prebid.js/modules/consentManagementGpp';

const endpoint = document.currentScript.dataset.bidder;
pbjs.registerBidAdapter(undefined, 'local', {
  code: 'local',
  isBidRequestValid: () => true,
  buildRequests: (bids, bidderRequest) => ({
    method: 'GET',
    url: endpoint,
    data: {
      gpp: bidderRequest.gppConsent?.gppString ?? '',
      gpp_sid: (bidderRequest.gppConsent?.applicableSections ?? []).join(','),
      ortb_gpp: bidderRequest.ortb2?.regs?.gpp ?? '',
      ortb_gpp_sid: (bidderRequest.ortb2?.regs?.gpp_sid ?? []).join(','),
    },
  }),
  interpretResponse: () => [],
});
pbjs.processQueue();
pbjs.setConfig({ consentManagement: { gpp: { cmpApi: 'iab', timeout: 10000 } } });
pbjs.addAdUnits([{ code: 'ad', mediaTypes: { banner: { sizes: [[300, 250]] } }, bids: [{ bidder: 'local', params: {} }] }]);
pbjs.requestBids({ bidsBackHandler: () => { window.__bidsBack = true; } });
