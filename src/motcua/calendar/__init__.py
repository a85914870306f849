"""The legal working-day calendar (lịch ngày làm việc): holidays, make-up days, working hours, deadlines."""
