# Vietnamese dates as Vietnamese documents write them ("24/11/2024"). Django's own DATE_FORMAT
# for vi starts with "Ngày", which doubled the word in sentences such as "thu hồi ngày …".
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
