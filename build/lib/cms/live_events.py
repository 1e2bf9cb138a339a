"""Live events of the site shell (published by ``cms.services``).

Stream: ``cms.whatsnew``, the home page's "What's new" feed; everyone may read it,
so payloads hold only public facts.
Page script: ``static/js/whatsnew.js``.

  whatsnew.item  {"kind": "<news|consultation|event|result|document|
                             organisation|proposal|...>",
                  "title": "<at most 200 characters>",
                  "url": "<site path or http(s) address>",
                  "at": "<ISO 8601 time>"}
      Something new to show at the top of the feed. An unknown kind is shown
      with a generic label (``cms.services.whatsnew_kind_label``).
"""

from cms.live.events import declare_events

WHATSNEW_STREAM = "cms.whatsnew"
WHATSNEW_ITEM = "whatsnew.item"

EVENTS = declare_events("cms", WHATSNEW_ITEM)
