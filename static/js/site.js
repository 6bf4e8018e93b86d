/* Progressive enhancements for the public site; every page works without this file. */
(function () {
  "use strict";

  // Move focus to the error summary so screen reader and keyboard users hear the problems first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Character counters for text areas with a maximum length, worded as GOV.UK's character
  // count: "You have 20 characters remaining", then "You have 5 characters too many", never
  // a negative number. The limit moves from maxlength to data-maxlength so that a pasted
  // answer is not cut off unseen; the server refuses it with a clear error instead.
  // The sentences come in the page's language from a JSON block (site_languages'
  // character_count_messages): one per sample number, chosen by plural category.
  var lang = document.documentElement.lang || "en-GB";
  var messagesBlock = document.getElementById("engage-character-count");
  var messages = messagesBlock ? JSON.parse(messagesBlock.textContent) : null;
  var pluralRules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var formatCount = function (count) {
    // Western digits in Arabic too, as the rest of the site writes numbers.
    return count.toLocaleString(lang.indexOf("ar") === 0 ? "ar-u-nu-latn" : lang);
  };
  var translatedMessage = function (kind, count) {
    if (!messages || !pluralRules) {
      return null;
    }
    var category = pluralRules.select(count);
    var samples = Object.keys(messages);
    for (var i = 0; i < samples.length; i += 1) {
      if (pluralRules.select(Number(samples[i])) === category) {
        return messages[samples[i]][kind].replace("%(count)s", formatCount(count));
      }
    }
    return null;
  };
  var characterCountMessage = function (max, length) {
    var left = max - length;
    var count = Math.abs(left);
    var kind = left < 0 ? "over" : "remaining";
    var translated = translatedMessage(kind, count);
    if (translated) {
      return translated;
    }
    var noun = count === 1 ? "character" : "characters";
    if (left < 0) {
      return "You have " + formatCount(count) + " " + noun + " too many";
    }
    return "You have " + formatCount(count) + " " + noun + " remaining";
  };
  window.engageCharacterCountMessage = characterCountMessage;
  document.querySelectorAll("textarea[maxlength]").forEach(function (area) {
    var max = parseInt(area.getAttribute("maxlength"), 10);
    area.removeAttribute("maxlength");
    area.setAttribute("data-maxlength", String(max));
    var counter = document.createElement("p");
    counter.className = "field__counter";
    counter.id = area.id + "-counter";
    counter.setAttribute("aria-live", "polite");
    var describedBy = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);
    area.insertAdjacentElement("afterend", counter);
    var update = function () {
      // The browser's value has one character per new line, as the server counts it.
      var length = area.value.length;
      counter.textContent = characterCountMessage(max, length);
      counter.classList.toggle("field__counter--error", length > max);
    };
    area.addEventListener("input", update);
    update();
  });

  // Stop a second click on a submit button while its form is being sent.
  document.querySelectorAll("form[data-prevent-double-submit]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (form.dataset.submitting === "true") {
        return;
      }
      form.dataset.submitting = "true";
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.setAttribute("aria-disabled", "true");
          button.disabled = true;
        });
      }, 0);
    });
  });
  // The "describe it" box follows the "any other" option chosen (templates/feedback/includes/
  // ethnicity_field.html); without this script it stays under the last one, still usable.
  var describeBox = document.querySelector("[data-describe-box]");
  if (describeBox) {
    var radios = document.querySelectorAll('input[type="radio"][name="' +
      describeBox.closest("fieldset").querySelector('input[type="radio"]').name + '"]');
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        var slot = document.querySelector('[data-describe-slot="' + radio.value + '"]');
        if (slot) {
          slot.appendChild(describeBox);
        }
      });
    });
  }
})();
