"""The fixed text of the report's method-and-caveats section, shared by the HTML and Markdown templates.

Keep it true to what the code does: the funnel and crawl tables beside it are computed, this text explains them.
"""

from __future__ import annotations

LABEL_TITLES = {
    "remote_access": "Remote access to restricted compute",
    "hardware_purchase": "Purchases of hardware with restricted GPUs",
}
LABEL_MEANINGS = {
    "remote_access": "The buyer obtains remote or cloud use of restricted NVIDIA GPUs (A100, H100, H800, H20 …), "
                     "US cloud services or accounts (AWS, Azure, Google Cloud, Oracle Cloud), or US AI models "
                     "(OpenAI, Anthropic) through the cloud.",
    "hardware_purchase": "The buyer buys servers, cards or workstations that contain such GPUs.",
}

FUNNEL_NOTE = ("Notices published this week (plus late finds) per portal → candidates (passed the classifier's cheap "
               "pre-filter) → hits (labelled remote access or hardware purchase) → reviewed by a researcher.")

CRAWL_NOTE = ("Crawl runs whose publication-date window includes some of this week. Portals are searched with keyword "
              "lists (chip and provider names, 算力, GPU …); blocked responses are rate-limit or refusal pages that "
              "were retried after a pause and never stored as notices.")

LABELS_NOTE = ("A hit is a lead with quoted evidence, not a finding: the review column says whether a researcher has "
               "confirmed it. Rejected hits are counted above, not listed. Terminated procurements, domestic "
               "accelerators, unrestricted cards and look-alikes (AWS as an automatic weather station) are not hits.")

BLIND_SPOTS = (
    "Only the portals in the table above are crawled. Purchases published elsewhere — other national or provincial "
    "platforms, universities' and companies' own sites, military procurement — are not seen.",
    "Portals are searched by keyword. A notice that uses none of the search terms in the text the portal indexes is "
    "missed; portal search does not read attachments, although the classifier does once a notice is fetched.",
    "Portals throttle and block crawlers. A window crawled while blocked, or a run interrupted, can leave gaps; the "
    "table above counts blocked responses and interrupted runs.",
    "Scanned documents without a text layer, and files the readers cannot open, give no evidence; they are kept with "
    "a recorded error.",
    "Amounts are as published, in yuan: a budget or price cap for tenders, the contract value for awards.",
    "Buyer types come from the buyer's name; English names and list flags (US lists, ASPI) come from the buyer registry, and a "
    "buyer it does not know is shown as not checked, which is not the same as not listed.",
    "\"This week\" means published this week (the portal's date); a late find was published earlier and archived "
    "this week for the first time (UTC). Every hit links to its source and names the sha256 of the archived copy.",
)
