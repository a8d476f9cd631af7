//! The completion-rule flags that `event add/edit` and `series add/edit` share.

use clap::Args;

use crate::model::Completion;

/// What counts as completing the event (or every event of the series), for `report trained`.
#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// Completing means being present on at least N of the event's days.
    #[arg(long, value_name = "N", conflicts_with = "completion_min_share",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub completion_min_days: Option<u32>,
    /// Completing means being present on at least this share of the event's days (0.5 is half,
    /// rounded up to whole days).
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    pub completion_min_share: Option<f64>,
}

impl CompletionArgs {
    /// The rule the flags state, if any.
    pub fn rule(&self) -> Option<Completion> {
        self.completion_min_days
            .map(Completion::MinDays)
            .or(self.completion_min_share.map(Completion::MinShare))
    }
}

fn parse_share(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(share) if share > 0.0 && share <= 1.0 => Ok(share),
        _ => Err("expected a share above 0 and at most 1, such as 0.5".to_string()),
    }
}
