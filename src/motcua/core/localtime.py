"""The legal time of Việt Nam (giờ Việt Nam, UTC+7), defined once for every app.

Moments are stored in UTC. What the law counts in days (the day a dossier is received, the date on
a slip, the year in a dossier code, a working day of the calendar) is the local day in this zone,
whatever the server's own zone or ``TIME_ZONE`` setting.
"""

from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
