"""The vendor boundary: ``tms.client`` speaks the vendor TMS API; ``tms.stub`` stands in for it."""
