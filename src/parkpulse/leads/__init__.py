"""招商 leads: the demand form, matching leads to parks and listings, and the lead desk."""
