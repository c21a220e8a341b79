export const formatPlaceholder = 1;
